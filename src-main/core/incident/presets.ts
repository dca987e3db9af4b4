// The built-in incident presets, by code. The app copies one into its store for the user to
// edit; `inw classify --incident CODE` uses it as is. Built-ins are never edited in place.
import { METAPS_2022 } from './preset-metaps-2022.js';

export const PRESETS: Readonly<Record<string, unknown>> = { 'metaps-2022': METAPS_2022 };
