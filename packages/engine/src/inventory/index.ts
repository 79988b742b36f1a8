/**
 * Inventory: INI, YAML, host-list and directory sources, group_vars/host_vars, host patterns and
 * --limit, with ansible-core 2.14's semantics. See README.md in this directory.
 */
export { Inventory } from './inventory.js';
export type { InventoryGroup, InventoryHost, LoadOptions, HostOrder, SelectOptions } from './inventory.js';
export { splitHostPattern } from './patterns.js';
