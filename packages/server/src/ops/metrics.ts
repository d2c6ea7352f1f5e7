/** Prometheus metrics of one server process, served at /metrics. */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

export interface Metrics {
  readonly registry: Registry
  readonly httpRequests: Counter<'method' | 'route' | 'status'>
  readonly httpDuration: Histogram<'method' | 'route'>
  readonly sessionsCreated: Counter<'method'>
  readonly sessionsCancelled: Counter
  readonly redeemAttempts: Counter<'result'>
  readonly loginAttempts: Counter<'result'>
  readonly liveSessions: Gauge
  readonly historyPurged: Counter
}

export function createMetrics(): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'tasuke_' })
  return {
    registry,
    httpRequests: new Counter({
      name: 'tasuke_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'tasuke_http_request_duration_seconds',
      help: 'Time to answer HTTP requests',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    sessionsCreated: new Counter({
      name: 'tasuke_sessions_created_total',
      help: 'Support sessions created, by method',
      labelNames: ['method'],
      registers: [registry],
    }),
    sessionsCancelled: new Counter({
      name: 'tasuke_sessions_cancelled_total',
      help: 'Support sessions cancelled by an operator',
      registers: [registry],
    }),
    redeemAttempts: new Counter({
      name: 'tasuke_redeem_attempts_total',
      help: 'Customer redemptions of session numbers, by result',
      labelNames: ['result'],
      registers: [registry],
    }),
    loginAttempts: new Counter({
      name: 'tasuke_login_attempts_total',
      help: 'Operator log-ins, by result',
      labelNames: ['result'],
      registers: [registry],
    }),
    liveSessions: new Gauge({
      name: 'tasuke_live_sessions',
      help: 'Support sessions waiting, connecting or active',
      registers: [registry],
    }),
    historyPurged: new Counter({
      name: 'tasuke_history_rows_purged_total',
      help: 'Connection-history rows deleted after their retention period',
      registers: [registry],
    }),
  }
}
