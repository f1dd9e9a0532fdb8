// Lists ⇄ plain items, through ListValue's public API.

import type { EncodingLimits } from "../store/limits.ts";
import { ListValue } from "../store/list.ts";
import type { RObject } from "../store/types.ts";

/** The elements of a list value, head to tail (read one by one: no copy of the whole list). */
export function listItems(v: RObject): Iterable<string> {
  return v as ListValue;
}

export function listLength(v: RObject): number {
  return (v as ListValue).length;
}

/** A list value with these elements (Redis 7.0 lists are quicklists at any size). */
export function listFromItems(items: string[], _limits: EncodingLimits): RObject {
  return ListValue.from(items);
}
