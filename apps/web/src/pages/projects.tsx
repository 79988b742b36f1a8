/** Placeholder: being built. */
export function ProjectsRoutes() {
  return <h1>Projects</h1>;
}
