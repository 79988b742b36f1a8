/** Placeholder: being built. */
export function InventoriesRoutes() {
  return <h1>Inventories</h1>;
}
