/**
 * Entry of the single executable: binds the run to the deployment the download carries
 * (deployment/bind-process.ts), then runs the agent. ES modules run in import order, so
 * main sees the completed command line.
 */
import '../deployment/bind-process.js'
import '../main.js'
