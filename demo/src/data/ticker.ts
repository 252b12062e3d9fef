import type { Knex } from 'knex';
import type { SeedOptions } from './seed-demo';
import { countyOf } from './regions';
import { createRandom, hashOf, weighted } from './random';
import { acceptNewConnections, progressConnections } from './tick-connections';
import {
  TICK_RATES,
  type CallerPool,
  type CustomerSample,
  type PendingCallback,
  type TickContext,
  type TickCounts,
  type TickRates,
} from './tick-context';
import { progressOutages, registerNewOutages } from './tick-outages';
import { billsFallingDue, offerNewCalls, progressCalls, progressEscalations, settleArrears } from './tick-v2';
import { acceptNewWorkOrders, makeCallbacks, progressWorkOrders } from './tick-work-orders';
import { createWorld, DEFAULT_SEED } from './world';

export interface TickerOptions {
  schema: string;
  /** pause between ticks; default 5000 */
  intervalMs?: number;
  /** must be the seed the data was generated with, so open items follow their plans */
  seed?: number;
  log?: SeedOptions['log'];
  /**
   * on the first tick, back-fill new work orders for this long before now; default 45 min, inside the
   * exporter's default settle_window, so a reader that started first still counts them
   */
  warmUpMs?: number;
  /** override the demo rates (tests speed arrivals up) */
  rates?: Partial<TickRates>;
}

export interface DemoTicker {
  /**
   * resolves once the first tick, which back-fills the last minutes of work orders, has finished (or
   * failed): a reader that starts afterwards sees the demo complete from its first refresh
   */
  ready: Promise<void>;
  /** stops ticking; resolves once an in-flight tick has finished */
  stop(): Promise<void>;
}

const SAMPLE_SIZE = 20_000;
const WARM_UP_MS = 45 * 60_000;

async function loadCallers(knex: Knex, schema: string): Promise<CallerPool> {
  const rows = (await knex
    .withSchema(schema)
    .table('customers')
    .select('id', 'region_id', 'segment')
    .whereNull('closed_at')
    .orderBy('id')
    .limit(SAMPLE_SIZE)) as CustomerSample[];
  const byCounty = new Map<string, CustomerSample[]>();
  for (const row of rows) {
    const county = countyOf(row.region_id);
    byCounty.set(county, [...(byCounty.get(county) ?? []), { ...row, id: Number(row.id) }]);
  }
  return {
    counties: weighted([...byCounty].map(([county, list]) => [county, list.length] as const)),
    byCounty,
  };
}

/**
 * Keeps the demo alive: every `intervalMs`, in one transaction stamped with the database's now(), new
 * orders, outages and applications arrive and open ones progress along the same plans the seed used.
 * Ticks never overlap (the next one is scheduled when the last has finished); a failed tick is logged
 * and the next one tries again.
 */
export function startDemoTicker(knex: Knex, options: TickerOptions): DemoTicker {
  const intervalMs = options.intervalMs ?? 5000;
  const seed = options.seed ?? DEFAULT_SEED;
  const log = options.log ?? (() => undefined);
  const rates: TickRates = { ...TICK_RATES, ...options.rates };
  const world = createWorld({ seed, anchor: Date.now(), workOrders: 0 });
  const random = createRandom(hashOf(seed, 0x71c4e7));
  let callers: CallerPool | undefined;
  let lastNow: number | null = null;
  const pendingCallbacks: PendingCallback[] = [];
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const tick = async () => {
    if (!callers) {
      // the ticker's own index: it looks for open orders every tick (extra indexes are fine by the contract)
      await knex.raw(
        'create index if not exists work_orders_open_demo_idx on ??.work_orders (accepted_at) where closed_at is null and cancelled_at is null',
        [options.schema],
      );
      callers = await loadCallers(knex, options.schema);
    }
    const pool = callers;
    // a failed tick rolls back: so must its changes to the pending callbacks
    const pendingBefore = [...pendingCallbacks];
    const { counts, now } = await knex
      .transaction(async (trx) => {
        const { rows } = await trx.raw<{ rows: { now: Date }[] }>('select now() as now');
        const now = rows[0]!.now.getTime();
        const ctx: TickContext = {
          knex: trx,
          schema: options.schema,
          world,
          random,
          now,
          since: lastNow,
          arrivalsFrom: lastNow === null ? now - intervalMs : Math.max(lastNow, now - 10 * intervalMs),
          // the first tick back-fills the demo rate for a while, so that orders are in flight from the start
          workOrdersFrom:
            lastNow === null
              ? now - (options.warmUpMs ?? WARM_UP_MS)
              : Math.max(lastNow, now - 10 * intervalMs),
          callers: pool,
          rates,
          pendingCallbacks,
        };
        const result: TickCounts = {
          workOrdersUpdated: await progressWorkOrders(ctx),
          workOrdersAccepted: await acceptNewWorkOrders(ctx),
          callbacks: await makeCallbacks(ctx),
          outagesUpdated: await progressOutages(ctx),
          outagesStarted: await registerNewOutages(ctx),
          connectionsUpdated: await progressConnections(ctx),
          connectionsAccepted: await acceptNewConnections(ctx),
          escalationsUpdated: await progressEscalations(ctx),
          callsUpdated: await progressCalls(ctx),
          callsOffered: await offerNewCalls(ctx),
          billsSettled: await settleArrears(ctx),
          billsDue: await billsFallingDue(ctx),
        };
        return { counts: result, now };
      })
      .catch((error: unknown) => {
        pendingCallbacks.splice(0, pendingCallbacks.length, ...pendingBefore);
        throw error;
      });
    lastNow = now; // only once committed
    log('demo tick', { ...counts });
  };

  const loop = () => {
    if (stopped) return;
    inFlight = tick()
      .catch((error: unknown) =>
        log('demo tick failed', { error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  };
  loop();

  return {
    ready: inFlight,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
