// The shape of a handler and of a group of them, in their own file so that each handler module
// depends on it and not on index.ts, which imports them all.
import type { Channel, Input, Output } from '../contract.js';

export type Handler<C extends Channel> = (input: Input<C>) => Promise<Output<C>> | Output<C>;
export type Handlers = { [C in Channel]: Handler<C> };
export type HandlerGroup<K extends Channel> = { [C in K]: Handler<C> };
