/**
 * Name conversion shared by the parser and both emitters, so that the collision check in the
 * parser and the names the emitters write can never disagree.
 *
 * @example
 * ```ts
 * import { goName } from "./names.ts";
 * goName("add_friends"); // "AddFriends"
 * ```
 * @module
 */

/**
 * The exported Go name of a schema name: split on `_`, uppercase the first letter of each part and
 * keep the rest as written. Empty parts (from `__` or a leading `_`) vanish, so `_id` becomes `Id`.
 * Two schema names that map to the same Go name collide; the parser reports that.
 *
 * @example
 * ```ts
 * import { goName } from "./names.ts";
 * goName("user_ids"); // "UserIds"
 * goName("userId"); // "UserId"
 * goName("multi_param_test"); // "MultiParamTest"
 * ```
 */
export function goName(tsName: string): string {
  return tsName
    .split("_")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}
