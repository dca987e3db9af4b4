// The after-mailing help lists the words the core accepts, from the same constants, so a status,
// return reason, channel or topic added to the vocabulary shows up in `inw --help` by itself.
import { describe, expect, it } from 'vitest';
import { TRACKING_USAGE } from '../../src-main/cli/tracking.js';
import { INQUIRY_CHANNELS, INQUIRY_TOPICS, MANUAL_STATUSES, RETURN_REASONS } from '../../src-main/core/vocabulary/tracking.js';

const lineOf = (start: string) => TRACKING_USAGE.split('\n').find((l) => l.trimStart().startsWith(start)) ?? '';

describe('inw help: the tracking words', () => {
  it('lists every manual status, return reason, inquiry channel and topic', () => {
    expect(lineOf('inw status ID')).toContain(`状態: ${MANUAL_STATUSES.join(' ')}`);
    for (const r of RETURN_REASONS) expect(lineOf('inw returns add')).toContain(r.label);
    expect(lineOf('inw inquiry add')).toContain(`--channel ${INQUIRY_CHANNELS.join('|')}`);
    for (const t of INQUIRY_TOPICS) expect(lineOf('inw inquiry add')).toContain(t.code);
  });
});
