// Types of bench/measure-size.mjs, for test/size-budget.test.ts (the bench scripts are plain ESM).

export interface MeasuredSize {
  id: string;
  label: string;
  minified: number;
  gzip: number;
}

export interface SizeBudgets {
  target: { id: string; gzip: number; note: string };
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
export function overBudget(measured: readonly MeasuredSize[], budgets: SizeBudgets): string[];
export function roundUpToStep(bytes: number): number;
export function writeBudgets(measured: readonly MeasuredSize[], budgets: SizeBudgets): SizeBudgets;
