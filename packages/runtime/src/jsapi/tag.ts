/**
 * WebAssembly.Tag: an exception tag (TagInstance) with a parameter list. Identity is what
 * matters: Exception.is(tag) and import matching compare tag objects.
 */
import { descriptorObject } from './descriptors.ts';
import { TagInstance } from './engine.ts';
import { INTERNAL, realmOf } from './realm.ts';
import { valTypeFromString } from './values.ts';

export class TagObject {
  readonly #tag: TagInstance;

  constructor(descriptor: unknown, entity?: TagInstance) {
    const realm = realmOf(new.target);
    if (descriptor === INTERNAL) {
      this.#tag = entity!;
      return;
    }
    const what = 'WebAssembly.Tag()';
    const d = descriptorObject(descriptor, what);
    const parameters = d.parameters;
    if (parameters === undefined || parameters === null || typeof (parameters as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`${what}: Descriptor property 'parameters' must be a sequence`);
    }
    const params = [...(parameters as Iterable<unknown>)].map((p) => valTypeFromString(p, what));
    this.#tag = new TagInstance({ kind: 'func', params, results: [] });
    realm.tags.set(this.#tag, this);
  }

  static unwrap(x: unknown): TagInstance | undefined {
    return x !== null && typeof x === 'object' && #tag in x ? (x as TagObject).#tag : undefined;
  }

  static {
    Object.defineProperty(this.prototype, Symbol.toStringTag, { value: 'WebAssembly.Tag', configurable: true });
  }
}
