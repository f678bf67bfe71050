import type { Order } from '../api/types';
import { formatMoney, formatTime } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';

/** An order's lines, address and status history. */
export function OrderDetails({ order }: { order: Order }) {
  const a = order.shippingAddress;
  return (
    <div className="order-details">
      <table className="table compact">
        <tbody>
          {order.items.map((line) => (
            <tr key={line.productId}>
              <td>{line.name}</td>
              <td>
                {line.quantity} × {formatMoney(line.unitPrice)}
              </td>
              <td className="num">{formatMoney(line.lineTotal)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Ship to {a.street}, {a.city}, {a.state} {a.zipCode}, {a.country}
      </p>
      <ol className="history">
        {order.history.map((h) => (
          <li key={`${h.status}-${h.at}`}>
            <StatusBadge status={h.status} /> <span className="muted">{formatTime(h.at)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
