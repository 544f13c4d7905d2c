// Types of bench/measure-size.mjs, for test/size-budget.test.ts (the bench scripts are plain ESM).

export interface MeasuredSize {
  id: string;
  label: string;
  minified: number;
  gzip: number;
}

export interface SizeBudgets {
  /** Issue 21's fixed gzip limits: never raised. */
  limits: Record<string, { gzip: number; note: string }>;
  /** Bytes a limited bundle may still be over its limit: only goes down. */
  knownOver: Record<string, number>;
  /** The other bundles: measured size rounded up to 512 B. */
  budgets: Record<string, { minified: number; gzip: number }>;
}

export const ROOT: string;
export const BUDGET_FILE: string;
export const BUDGET_STEP: number;
export const REQUIRED_FILES: string[];
export function missingBuild(): string[];
export function browserBuildOptions(): Record<string, unknown> & { alias: Record<string, string> };
export function measureSizes(): Promise<MeasuredSize[]>;
export function readBudgets(): SizeBudgets;
export function overBudget(measured: readonly MeasuredSize[], budgets: SizeBudgets, options?: { strict?: boolean }): string[];
export function overLimit(size: MeasuredSize, limit: { gzip: number }): number;
export function roundUpToStep(bytes: number): number;
export function writeBudgets(measured: readonly MeasuredSize[], budgets: SizeBudgets): SizeBudgets;
