// V8 sizes the old generation from how well garbage collection keeps up, letting it grow up to
// four times its live data between full collections. A long batch (letters above all: each
// letter is composed, checked and laid out, and the garbage of that is promoted) therefore
// reached a peak that grew with the batch's length, not with its data: the main thread's live
// heap stayed ≈100 MB while its committed heap went from 230 MB at 5,252 letters to 340 MB at
// 21,003. A fixed growth factor of 1.5 keeps the peak flat (letters alone, same machine and
// hour: 713–726 MB → 509–514 MB at 5,252 letters, 939 → 539 MB at 21,003) for ≈4 % more CPU.
// V8 reads the flag at every collection, so setting it once the process runs works; it is
// process-wide, so each entry point that runs the core (CLI, the app's job worker, the bench)
// calls this first.
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
