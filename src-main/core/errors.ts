// The one error type of the core. `code` is stable (IPC envelopes and tests rely on it);
// `message` is Japanese, for the user; `location` names file / line / column when known.
// A message may quote what the user gave (a header, a value): any full card number in it is
// masked here, so no error printed, logged or sent over IPC can carry one.
import { maskCardNumbers } from './text/card.js';

export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: string;
}

export class InwError extends Error {
  readonly code: string;
  readonly location: ErrorLocation | undefined;

  constructor(code: string, message: string, location?: ErrorLocation) {
    super(maskCardNumbers(message).value);
    this.name = 'InwError';
    this.code = code;
    this.location = location;
  }
}

export function isInwError(error: unknown): error is InwError {
  return error instanceof InwError;
}

/** "payments.csv 12行目 「決済日時」列: …" */
export function describeLocation(location: ErrorLocation | undefined): string {
  if (!location) return '';
  const parts: string[] = [];
  if (location.file) parts.push(location.file);
  if (location.line !== undefined) parts.push(`${location.line}行目`);
  if (location.column) parts.push(`「${location.column}」列`);
  return parts.join(' ');
}
