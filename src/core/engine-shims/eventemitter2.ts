/**
 * Stands in for eventemitter2 (19 KB minified), the base class of
 * json-rules-engine's Engine and Rule. They only call `on` and `emitAsync`;
 * Slotwise never listens to engine events, so this keeps just those.
 *
 * A function constructor, not a class: the engine's Babel output calls its base
 * as `Base.call(this)`, which an ES class constructor refuses.
 */
type Listener = (...args: unknown[]) => unknown;

interface Emitter {
  listenersByEvent: Map<string, Listener[]>;
}

function EventEmitter(this: Emitter): void {
  this.listenersByEvent = new Map();
}

EventEmitter.prototype.on = function on(this: Emitter, event: string, listener: Listener) {
  const list = this.listenersByEvent.get(event) ?? [];
  list.push(listener);
  this.listenersByEvent.set(event, list);
  return this;
};

EventEmitter.prototype.emitAsync = function emitAsync(this: Emitter, event: string, ...args: unknown[]) {
  const list = this.listenersByEvent.get(event) ?? [];
  return Promise.all(list.map((listener) => listener.apply(this, args)));
};

export default EventEmitter;
