/**
 * The ids of the last events seen, so a repeat is dropped: the hubs deliver at least once, and an event may arrive
 * twice (a redelivery in the cluster, or a reconnect). Bounded, oldest forgotten first.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 1000) {}

  /** True the first time an id is seen; false for a repeat. */
  add(id: string): boolean {
    if (this.ids.has(id)) {
      return false;
    }
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      // A Set iterates in insertion order: the first id is the oldest.
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) {
        this.ids.delete(oldest);
      }
    }
    return true;
  }
}
