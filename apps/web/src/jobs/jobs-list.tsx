/** Placeholder: being built. */
export function JobsListPage() {
  return <h1>Jobs</h1>;
}
