/** The agent's version as it reports it at enrolment and in `device-hello`. */
export const AGENT_VERSION = '0.1.0'
