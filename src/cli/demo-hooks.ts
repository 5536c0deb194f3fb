/**
 * Steps later modules add to `doudi demo` (population, feeds, …), in order, after the foundation
 * (regions and accounts). Each must be idempotent.
 */
import { demoFeedsHook } from '../demo/feeds/hook.ts';
import { demoPopulationHook } from '../demo/population/hook.ts';
import type { AppContext } from '../server/context.ts';

export type DemoHook = (ctx: AppContext, size: string) => Promise<void>;

export const demoHooks: DemoHook[] = [demoPopulationHook, demoFeedsHook];
