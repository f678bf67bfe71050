import { HubConnectionBuilder, LogLevel, type HubConnection } from '@microsoft/signalr';
import { hubBaseUrl } from '../app/config';
import type { LiveMessage } from '../api/types';
import { RecentIds } from './RecentIds';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveHubOptions {
  /** The signed-in user's token, asked for at each (re)connection: browsers send it as access_token. */
  token: () => string | undefined;
  /** Called after the connection came back: what was missed meanwhile must be read again over REST. */
  onResumed?: () => void;
  /** Called when the hub refused the token. */
  onUnauthorized?: () => void;
}

const retryDelay = (attempt: number) => Math.min(10_000, 500 * 2 ** attempt);

/** One SignalR hub connection that keeps itself connected and drops repeated events. */
export class LiveHub {
  private readonly connection: HubConnection;
  private readonly handlers = new Map<string, Set<(payload: never) => void>>();
  private readonly stateListeners = new Set<() => void>();
  private readonly seen = new RecentIds();
  private stopped = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private wasLive = false;
  state: LiveState = 'connecting';

  constructor(
    readonly path: string,
    private readonly options: LiveHubOptions,
  ) {
    this.connection = new HubConnectionBuilder()
      .withUrl(`${hubBaseUrl}${path}`, { accessTokenFactory: () => options.token() ?? '' })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => retryDelay(context.previousRetryCount) })
      .configureLogging(LogLevel.None)
      .build();
    this.connection.onreconnecting(() => this.setState('reconnecting'));
    this.connection.onreconnected(() => {
      this.setState('live');
      this.options.onResumed?.();
    });
    // Automatic reconnection gave up, or the server closed the connection: keep trying from scratch.
    this.connection.onclose(() => {
      if (!this.stopped) {
        this.setState('offline');
        this.schedule(0);
      }
    });
  }

  /** Hears a hub method whose messages are events with ids; each event reaches the handler once. */
  onEvent<T>(method: string, handler: (message: LiveMessage<T>) => void): () => void {
    return this.listen<LiveMessage<T>>(method, handler, (message) => this.seen.add(`${method}:${message.id}`));
  }

  /** Hears a hub method as it comes (e.g. the analytics summary, which carries a version instead of an id). */
  onMessage<T>(method: string, handler: (message: T) => void): () => void {
    return this.listen<T>(method, handler, () => true);
  }

  start() {
    this.stopped = false;
    void this.connect(0);
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.connection.stop();
  }

  subscribe = (listener: () => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  getState = () => this.state;

  private listen<T>(method: string, handler: (message: T) => void, isNew: (message: T) => boolean): () => void {
    let set = this.handlers.get(method);
    if (!set) {
      const created = new Set<(payload: never) => void>();
      set = created;
      this.handlers.set(method, created);
      this.connection.on(method, (message: T) => {
        if (isNew(message)) {
          created.forEach((h) => (h as (m: T) => void)(message));
        }
      });
    }
    const entry = handler as (payload: never) => void;
    set.add(entry);
    return () => set.delete(entry);
  }

  private async connect(attempt: number) {
    if (this.stopped || this.connection.state !== 'Disconnected') {
      return;
    }
    this.setState(attempt === 0 && !this.wasLive ? 'connecting' : 'offline');
    try {
      await this.connection.start();
      if (this.stopped) {
        await this.connection.stop();
        return;
      }
      const resumed = this.wasLive;
      this.wasLive = true;
      this.setState('live');
      if (resumed) {
        this.options.onResumed?.();
      }
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 401) {
        this.options.onUnauthorized?.();
        return;
      }
      this.schedule(attempt + 1);
    }
  }

  private schedule(attempt: number) {
    clearTimeout(this.retry);
    if (!this.stopped) {
      this.retry = setTimeout(() => void this.connect(attempt), retryDelay(attempt));
    }
  }

  private setState(state: LiveState) {
    if (this.state !== state) {
      this.state = state;
      this.stateListeners.forEach((listener) => listener());
    }
  }
}
