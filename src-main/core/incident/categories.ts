// Exposure sets as categories (spec §5): bit i of a mask is exposure i of the incident, and a
// category's code joins its exposures' codes in definition order (`token-db+payment-db`).
import { methodClassOf } from '../text/payment-methods.js';
import type { Exposure, Incident } from './schema.js';

/** The exposures in a mask (bit i = exposure i), in definition order. */
export function exposuresIn(incident: Incident, mask: number): Exposure[] {
  return incident.exposures.filter((_, i) => (mask & (1 << i)) !== 0);
}

/** Category code of a set of exposures (bit i = exposure i), in definition order (spec §5). */
export function categoryOf(incident: Incident, mask: number): string {
  if (mask === 0) return 'none';
  return exposuresIn(incident, mask).map((e) => e.code).join('+');
}

/** Every category an incident can produce, `none` last. */
export function allCategories(incident: Incident): Array<{ code: string; mask: number }> {
  const out: Array<{ code: string; mask: number }> = [];
  const n = incident.exposures.length;
  // Single exposures first, then combinations, in definition order.
  const masks = Array.from({ length: (1 << n) - 1 }, (_, i) => i + 1).sort((a, b) => bitCount(a) - bitCount(b) || a - b);
  for (const mask of masks) out.push({ code: categoryOf(incident, mask), mask });
  out.push({ code: 'none', mask: 0 });
  return out;
}

export function maskOfCategory(incident: Incident, category: string): number | null {
  if (category === 'none') return 0;
  let mask = 0;
  for (const part of category.split('+')) {
    const index = incident.exposures.findIndex((e) => e.code === part);
    if (index < 0) return null;
    mask |= 1 << index;
  }
  return mask;
}

function bitCount(n: number): number {
  let c = 0;
  for (let x = n; x; x &= x - 1) c++;
  return c;
}

/** Methods of a rule folded the way payments' method_class is stored. */
export function ruleMethodClasses(methods: string[]): string[] {
  return [...new Set(methods.map((m) => methodClassOf(m)!))];
}

/** Items leaked for a payment method under an exposure ('*' covers other methods). */
export function itemsFor(exposure: Exposure, methodClass: string | null): string[] {
  if (methodClass !== null) {
    for (const [method, items] of Object.entries(exposure.items)) {
      if (method !== '*' && methodClassOf(method) === methodClass) return items;
    }
  }
  return exposure.items['*'] ?? [];
}
