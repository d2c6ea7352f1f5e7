/**
 * The Windows service host of the installed agent. The Windows service manager only runs
 * programs that answer it (StartServiceCtrlDispatcher); the agent, a Node.js program, does
 * not, and `sc.exe start` would fail after 30 s (error 1053). So install writes this small
 * C# program next to the agent, and the customer's own Windows compiles it: Windows
 * PowerShell's `Add-Type` uses the C# compiler of the .NET Framework every Windows 10 and 11
 * has, so nothing binary is shipped and anyone can read what runs as SYSTEM.
 *
 * The host starts `tasuke-agent.exe service` beside it and stops it with the service. When
 * the agent exits with 78 (revoked, unknown, incompatible: stopped for good) the service stops
 * and is not restarted; any other exit is a failure, and the service manager's failure
 * actions start it again after 5 s, as `Restart=always` does on Linux. C# 5 only (what the
 * .NET Framework's compiler takes); the tests compile it with Mono's `mcs -langversion:5` and
 * run it under `mono-service`.
 * @module
 */
import { STOPPED_FOR_GOOD_EXIT_CODE } from './systemd-unit.js'
import { SERVICE_NAME } from './install-paths.js'

export const SERVICE_HOST_NAME = 'tasuke-service-host'

/** How long the host waits for a stopped service manager to end it before it exits itself. */
const STOP_FALLBACK_MS = 5_000

/** The C# source of the host. */
export const SERVICE_HOST_SOURCE = `// The Windows service host of the tasuke agent (docs/installed-agent.md). Written by
// "tasuke-agent install" and compiled on this computer by Windows PowerShell's Add-Type.
using System;
using System.Diagnostics;
using System.IO;
using System.ServiceProcess;
using System.Threading;

public sealed class TasukeServiceHost : ServiceBase
{
    private const int StoppedForGood = ${STOPPED_FOR_GOOD_EXIT_CODE};
    private readonly string program;
    private readonly object gate = new object();
    private Process child;
    private bool stopping;

    public TasukeServiceHost(string program)
    {
        this.program = program;
        ServiceName = "${SERVICE_NAME}";
        CanStop = true;
        CanShutdown = true;
    }

    protected override void OnStart(string[] args)
    {
        ProcessStartInfo info = new ProcessStartInfo(program, "service");
        info.UseShellExecute = false;
        info.CreateNoWindow = true;
        info.WorkingDirectory = Path.GetDirectoryName(program);
        child = new Process();
        child.StartInfo = info;
        child.EnableRaisingEvents = true;
        child.Exited += OnChildExited;
        child.Start();
    }

    private void OnChildExited(object sender, EventArgs e)
    {
        lock (gate)
        {
            if (stopping) return;
            stopping = true;
        }
        if (child.ExitCode != StoppedForGood)
        {
            // A failure: ending without "stopped" makes the service manager restart it.
            Environment.Exit(1);
        }
        // Stopped for good: the service stops and stays stopped. Should the service manager
        // not end this process, it ends itself, still without asking for a restart.
        Thread fallback = new Thread(delegate()
        {
            Thread.Sleep(${STOP_FALLBACK_MS});
            Environment.Exit(0);
        });
        fallback.IsBackground = true;
        fallback.Start();
        Stop();
    }

    protected override void OnStop()
    {
        lock (gate)
        {
            stopping = true;
        }
        if (child != null && !child.HasExited)
        {
            try { child.Kill(); } catch (InvalidOperationException) { }
            child.WaitForExit(10000);
        }
    }

    protected override void OnShutdown()
    {
        OnStop();
    }

    public static void Main(string[] args)
    {
        string program = Path.Combine(AppDomain.CurrentDomain.BaseDirectory, "${SERVICE_NAME}.exe");
        ServiceBase.Run(new TasukeServiceHost(program));
    }
}
`

/** Where the host's source and program go: beside the agent. */
export function serviceHostFiles(programDir: string): { source: string; program: string } {
  return {
    source: `${programDir}\\${SERVICE_HOST_NAME}.cs`,
    program: `${programDir}\\${SERVICE_HOST_NAME}.exe`,
  }
}

/** Compiles the host with Windows PowerShell's Add-Type (the .NET Framework's C# compiler). */
export function compileServiceHostCommand(programDir: string): readonly string[] {
  const { source, program } = serviceHostFiles(programDir)
  const quoted = (path: string) => `'${path.replace(/'/g, "''")}'`
  return [
    'powershell.exe',
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-Command',
    `Add-Type -Path ${quoted(source)} -OutputAssembly ${quoted(program)} -OutputType ConsoleApplication -ReferencedAssemblies System.ServiceProcess`,
  ]
}
