// Every channel of the contract, implemented against the core. The mapped type makes a missing
// channel a compile error. Handlers hold no logic of their own: they resolve file references,
// pick the latest classification run and call the core (long work goes to the job runner).
import type { Handlers } from './types.js';
import type { AppServices } from '../../services.js';
import { appHandlers } from './app.js';
import { incidentHandlers } from './incidents.js';
import { importHandlers } from './imports.js';
import { resultHandlers } from './results.js';
import { reviewHandlers } from './review.js';
import { outputHandlers } from './outputs.js';
import { trackingHandlers } from './tracking.js';
import { mailHandlers } from './mail.js';


export function createHandlers(services: AppServices): Handlers {
  return {
    ...appHandlers(services),
    ...incidentHandlers(services),
    ...importHandlers(services),
    ...resultHandlers(services),
    ...reviewHandlers(services),
    ...outputHandlers(services),
    ...trackingHandlers(services),
    ...mailHandlers(services),
  };
}
