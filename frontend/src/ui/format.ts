const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export const formatMoney = (amount: number) => money.format(amount);

export const formatCents = (cents: number) => money.format(cents / 100);

export const formatTime = (iso: string) =>
  new Date(iso).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export const shortId = (id: string) => `#${id.slice(-6)}`;

export const formatPercent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
