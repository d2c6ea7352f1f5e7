/**
 * Marks a plugin so its hooks apply to the whole app instead of its own scope: what the
 * `fastify-plugin` package does, which is not among this package's dependencies.
 */
export function unencapsulated<Plugin extends object>(name: string, plugin: Plugin): Plugin {
  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: name,
  })
}
