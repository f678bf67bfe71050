import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveMessage } from '../api/types';

// A stand-in for SignalR's connection: the test plays the server's side by calling the registered handlers.
const fake = vi.hoisted(() => ({
  handlers: new Map<string, (message: unknown) => void>(),
  url: '',
  token: undefined as (() => string) | undefined,
}));

vi.mock('@microsoft/signalr', () => {
  const connection = {
    state: 'Disconnected',
    on: (method: string, handler: (message: unknown) => void) => fake.handlers.set(method, handler),
    start: async () => {
      connection.state = 'Connected';
    },
    stop: async () => {
      connection.state = 'Disconnected';
    },
    onreconnecting: () => {},
    onreconnected: () => {},
    onclose: () => {},
  };
  class HubConnectionBuilder {
    withUrl(url: string, options: { accessTokenFactory: () => string }) {
      fake.url = url;
      fake.token = options.accessTokenFactory;
      return this;
    }
    withAutomaticReconnect() {
      return this;
    }
    configureLogging() {
      return this;
    }
    build() {
      return connection;
    }
  }
  return { HubConnectionBuilder, LogLevel: { None: 6 } };
});

const { LiveHub } = await import('./LiveHub');

const event = (id: string): LiveMessage<string> => ({ id, type: 'order.updated', time: '', subject: 's', data: id });

beforeEach(() => fake.handlers.clear());

describe('LiveHub', () => {
  it('hands each event to every listener once, however often it arrives', () => {
    const hub = new LiveHub('/hubs/orders', { token: () => 'jwt' });
    const first: string[] = [];
    const second: string[] = [];
    hub.onEvent<string>('order', (m) => first.push(m.data));
    const off = hub.onEvent<string>('order', (m) => second.push(m.data));

    const deliver = fake.handlers.get('order')!;
    deliver(event('e1'));
    deliver(event('e1'));
    deliver(event('e2'));
    off();
    deliver(event('e3'));

    expect(first).toEqual(['e1', 'e2', 'e3']);
    expect(second).toEqual(['e1', 'e2']);
  });

  it('passes messages without ids as they come, and connects with the token for the hub path', async () => {
    const hub = new LiveHub('/hubs/analytics', { token: () => 'jwt' });
    const versions: number[] = [];
    hub.onMessage<{ version: number }>('summary', (s) => versions.push(s.version));
    fake.handlers.get('summary')!({ version: 2 });
    fake.handlers.get('summary')!({ version: 2 });
    hub.start();
    await vi.waitFor(() => expect(hub.getState()).toBe('live'));

    expect(versions).toEqual([2, 2]);
    expect(fake.url).toBe('/hubs/analytics');
    expect(fake.token?.()).toBe('jwt');
    await hub.stop();
  });
});
