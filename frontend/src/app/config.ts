// Where the API and its hubs are. Empty means "the origin this page came from", which is how the API serves the
// app itself; VITE_API_BASE_URL and VITE_WS_URL point a separately hosted build at an API elsewhere.
const trimmed = (value: string | undefined) => (value ?? '').trim().replace(/\/+$/, '');

export const apiBaseUrl = trimmed(import.meta.env.VITE_API_BASE_URL);

/** The hubs' base: VITE_WS_URL, else the API's. SignalR negotiates over http(s), so ws(s):// is read as http(s)://. */
export const hubBaseUrl = (trimmed(import.meta.env.VITE_WS_URL) || apiBaseUrl).replace(/^ws(s?):\/\//, 'http$1://');
