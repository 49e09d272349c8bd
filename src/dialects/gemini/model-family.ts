/**
 * What ccr needs to know about a Gemini model from its id alone: its major version and its
 * thinking budget range.
 *
 * | model id contains       | thinkingBudget range | can thinking be turned off (0)? |
 * | ----------------------- | -------------------- | ------------------------------- |
 * | `2.5-flash-lite`        | 512 … 24576          | yes                             |
 * | `2.5-flash`             | 0 … 24576            | yes                             |
 * | `2.5-pro`               | 128 … 32768          | no                              |
 * | anything else (3.x, …)  | not clamped          | left to the model               |
 *
 * `-1` asks every thinking model for a dynamic budget.
 * @see https://ai.google.dev/gemini-api/docs/thinking#set-budget
 */

interface ThinkingBudgetRange {
  min: number;
  max: number;
}

const BUDGET_RANGES: ReadonlyArray<{ pattern: RegExp; range: ThinkingBudgetRange }> = [
  // Order matters: `flash-lite` also contains `flash`.
  { pattern: /2\.5-flash-lite/, range: { min: 512, max: 24576 } },
  { pattern: /2\.5-flash/, range: { min: 0, max: 24576 } },
  { pattern: /2\.5-pro/, range: { min: 128, max: 32768 } },
];

function thinkingBudgetRange(model: string): ThinkingBudgetRange | undefined {
  const id = model.toLowerCase();
  return BUDGET_RANGES.find(({ pattern }) => pattern.test(id))?.range;
}

/** The budget Gemini will accept for `budget` tokens, clamped into the model's range when known. */
export function clampThinkingBudget(model: string, budget: number): number {
  const range = thinkingBudgetRange(model);
  const whole = Math.max(0, Math.floor(budget));
  if (!range) return whole;
  return Math.min(range.max, Math.max(range.min, whole));
}

/** `gemini-2.5-pro` → 2, `gemini-3-pro-preview` → 3; undefined for ids that do not say. */
export function geminiMajorVersion(model: string): number | undefined {
  const match = /gemini-(\d+)/i.exec(model);
  return match ? Number(match[1]) : undefined;
}
