export function StockNote({ stock }: { stock: number }) {
  if (stock <= 0) {
    return <span className="stock out">Out of stock</span>;
  }
  return <span className={stock < 10 ? 'stock low' : 'stock'}>{stock < 10 ? `Only ${stock} left` : `${stock} in stock`}</span>;
}
