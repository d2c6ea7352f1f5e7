/**
 * Side effect, imported first by the single-executable entry: binds this run to the
 * deployment its download carries by completing process.argv (process-args.ts). A damaged
 * slot is reported and ends the program before main starts.
 */
import { DeploymentError, readEmbeddedDeployment } from './embedded.js'
import { withDeploymentArgs } from './process-args.js'

try {
  const bound = withDeploymentArgs(
    process.argv.slice(2),
    process.execPath,
    readEmbeddedDeployment(),
  )
  process.argv.splice(2, process.argv.length - 2, ...bound)
} catch (error) {
  if (!(error instanceof DeploymentError)) throw error
  process.stderr.write(`tasuke-agent: ${error.message}\n`)
  process.exit(1)
}
