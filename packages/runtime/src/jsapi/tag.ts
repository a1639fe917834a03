/**
 * WebAssembly.Tag: an exception tag (TagInstance) with a parameter list. Identity is what
 * matters: Exception.is(tag) and import matching compare tag objects.
 */
import { dictionary, missing, sequence } from './descriptors.ts';
import { TagInstance } from './engine.ts';
import { INTERNAL, realmOf } from './realm.ts';
import { valTypeFromString } from './values.ts';

export class TagObject {
  readonly #tag: TagInstance;

  constructor(type: unknown, entity?: TagInstance) {
    const realm = realmOf(new.target);
    if (type === INTERNAL) {
      this.#tag = entity!;
      return;
    }
    const what = 'WebAssembly.Tag()';
    if (arguments.length < 1) throw missing(what, 'Argument 0');
    const parameters = dictionary(type, what).parameters;
    if (parameters === undefined) throw missing(what, "Descriptor property 'parameters'");
    const member = "Descriptor property 'parameters'";
    const params = sequence(parameters, what, member).map((p) => valTypeFromString(p, what, `${member} element`));
    this.#tag = new TagInstance({ kind: 'func', params, results: [] });
    realm.tags.set(this.#tag, this);
  }

  static unwrap(x: unknown): TagInstance | undefined {
    return x !== null && typeof x === 'object' && #tag in x ? (x as TagObject).#tag : undefined;
  }
}
