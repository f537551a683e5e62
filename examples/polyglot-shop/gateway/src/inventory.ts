/**
 * The stock store: items per product, reservations against them, and counters for the stats
 * route. Read-heavy — every product view reads it, every order writes it once or twice.
 *
 * Errors are plain `Error`s whose messages start with a stable prefix, so callers (and the
 * services this class may be translated into) can map them without custom error classes:
 *   "unknown product "       → not found
 *   "unknown reservation "   → not found
 *   "insufficient stock "    → conflict
 *   "invalid quantity "      → bad request
 *   "reservation not held "  → conflict
 */
import { inventory as inventoryUpstream } from './pivot/clients.js';
import type { RemoteInstance } from './pivot/upstream.js';

export type ReservationStatus = 'held' | 'confirmed' | 'released';

export interface InventorySeed {
  productId: number;
  stock: number;
  warehouse: string;
}

export interface InventoryItem {
  productId: number;
  available: number;
  reserved: number;
  sold: number;
  warehouse: string;
  lastUpdated: string;
}

export interface Reservation {
  reservationId: string;
  productId: number;
  quantity: number;
  status: ReservationStatus;
  createdAt: string;
}

export interface InventoryStats {
  products: number;
  unitsAvailable: number;
  unitsReserved: number;
  unitsSold: number;
  reservations: number;
  activeReservations: number;
}

export class InventoryStore {
  readonly #remote: RemoteInstance;

  constructor(seeds: InventorySeed[]) {
    this.#remote = inventoryUpstream.instance([seeds]);
  }

  async has(productId: number): Promise<boolean> {
    return this.#remote.call<boolean>('has', '/api/has', { productId }, { idempotent: true });
  }

  /** A copy of the product's stock record. */
  async get(productId: number): Promise<InventoryItem> {
    return this.#remote.call<InventoryItem>('get', '/api/get', { productId }, { idempotent: true });
  }

  /** Moves `quantity` units from available to reserved, all or nothing. */
  async reserve(productId: number, quantity: number): Promise<Reservation> {
    return this.#remote.call<Reservation>('reserve', '/api/reserve', { productId, quantity }, { idempotent: false, hold: { idFrom: 'reservationId', compensate: { operation: 'release', path: '/api/release', param: 'reservationId' } } });
  }

  /** Turns a held reservation into a sale. */
  async confirm(reservationId: string): Promise<Reservation> {
    return this.#remote.call<Reservation>('confirm', '/api/confirm', { reservationId }, { idempotent: false, closesHold: 'reservationId' });
  }

  /** Gives a held reservation's units back to available stock. */
  async release(reservationId: string): Promise<Reservation> {
    return this.#remote.call<Reservation>('release', '/api/release', { reservationId }, { idempotent: false, closesHold: 'reservationId' });
  }

  async getReservation(reservationId: string): Promise<Reservation> {
    return this.#remote.call<Reservation>('getReservation', '/api/get-reservation', { reservationId }, { idempotent: true });
  }

  async stats(): Promise<InventoryStats> {
    return this.#remote.call<InventoryStats>('stats', '/api/stats', {}, { idempotent: true });
  }
}
