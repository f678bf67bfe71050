import type { AnalyticsSummary } from '../../api/types';

/** Summaries come from the hub and from REST, possibly out of order: the one with the highest version wins. */
export function laterSummary(current: AnalyticsSummary | undefined, incoming: AnalyticsSummary): AnalyticsSummary {
  return current && current.version >= incoming.version ? current : incoming;
}
