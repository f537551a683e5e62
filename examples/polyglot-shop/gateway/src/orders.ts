/**
 * Orchestration: look a product up, price it, reserve stock, confirm. This module stays in
 * TypeScript when pricing and inventory move out; only the calls below change.
 */
import type { Product } from './catalog.js';
import type { InventoryItem, InventoryStore } from './inventory.js';
import { quotePrice, roundToCents, type PriceQuote } from './pricing.js';
import { durableCell, durableMap } from './pivot/state.js';
import { withHolds } from './pivot/holds.js';

export interface Order {
  orderId: string;
  productId: number;
  quantity: number;
  unitPrice: number;
  totalPrice: number;
  reservationId: string;
  status: 'confirmed';
  createdAt: string;
}

export interface ProductView {
  product: Product;
  inventory: InventoryItem;
  pricing: PriceQuote;
}

export type ShopErrorKind = 'not_found' | 'insufficient_stock' | 'invalid_request' | 'conflict';

/**
 * Maps an error from the shop's modules to what went wrong, by the stable message prefixes
 * documented in inventory.ts; anything else is a bug and stays unclassified (→ 500).
 */
export function classifyShopError(error: unknown): ShopErrorKind | undefined {
  if (!(error instanceof Error)) {
    return undefined;
  }
  const message = error.message;
  if (message.startsWith('unknown product ') || message.startsWith('unknown reservation ')) {
    return 'not_found';
  }
  if (message.startsWith('insufficient stock ')) {
    return 'insufficient_stock';
  }
  if (message.startsWith('invalid quantity ')) {
    return 'invalid_request';
  }
  if (message.startsWith('reservation not held')) {
    return 'conflict';
  }
  return undefined;
}

export class OrderService {
  private readonly orders = durableMap<string, Order>('OrderService.orders');
  private orderCounter = durableCell<number>('OrderService.orderCounter', 0);

  constructor(
    private readonly catalog: ReadonlyMap<number, Product>,
    private readonly inventory: InventoryStore,
  ) {}

  /** Inventory and a fresh price quote for one product. */
  async viewProduct(productId: number): Promise<ProductView> {
    const product = this.requireProduct(productId);
    const inventory = await this.inventory.get(productId);
    const pricing = await quotePrice({ productId, basePrice: product.basePrice, stock: inventory.available });
    return { product, inventory, pricing };
  }

  /**
   * Prices at the current stock level, then reserves and confirms.
   *
   * pivot: reserve and confirm are calls to the inventory service now, with awaits in between.
   * reserve takes what it holds in one step inside the service, so concurrent calls cannot take
   * more than there is; a hold this function leaves open (confirm failed, timed out or was not
   * reached) is given back with release before the error goes on, or by the service after its TTL
   * (30 s) if the gateway dies first.
   */
  async placeOrder(productId: number, quantity: number): Promise<Order> {
    return withHolds(async () => {
      const product = this.requireProduct(productId);
      const item = await this.inventory.get(productId);
      const quote = await quotePrice({ productId, basePrice: product.basePrice, stock: item.available });
      const reservation = await this.inventory.reserve(productId, quantity);
      const confirmed = await this.inventory.confirm(reservation.reservationId);
      const orderCounter = await this.orderCounter.add(1);
      const order: Order = {
        orderId: `ORD-${String(orderCounter).padStart(6, '0')}`,
        productId,
        quantity,
        unitPrice: quote.finalPrice,
        totalPrice: roundToCents(quote.finalPrice * quantity),
        reservationId: confirmed.reservationId,
        status: 'confirmed',
        createdAt: new Date().toISOString(),
      };
      await this.orders.set(order.orderId, order);
      return order;
    });
  }

  async count(): Promise<number> {
    return await this.orders.size;
  }

  private requireProduct(productId: number): Product {
    const product = this.catalog.get(productId);
    if (product === undefined) {
      throw new Error(`unknown product ${productId}`);
    }
    return product;
  }
}
