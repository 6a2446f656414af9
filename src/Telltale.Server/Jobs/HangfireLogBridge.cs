using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using MicrosoftLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Telltale.Server.Jobs;

/// <summary>
/// Hangfire's log lines into the server's logging. Hangfire keeps one log provider for the whole process, so this one
/// follows the newest server's logger factory and drops lines once that is disposed, instead of throwing (as Hangfire's
/// own bridge does when tests start a second server in the same process).
/// </summary>
internal sealed class HangfireLogBridge : ILogProvider
{
    public static readonly HangfireLogBridge Instance = new();

    private volatile ILoggerFactory? _factory;

    private HangfireLogBridge()
    {
    }

    public void Use(ILoggerFactory factory) => _factory = factory;

    public ILog GetLogger(string name) => new BridgedLog(this, name);

    private sealed class BridgedLog(HangfireLogBridge bridge, string name) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            ILogger logger;
            try
            {
                if (bridge._factory is not { } factory)
                {
                    return false;
                }

                logger = factory.CreateLogger(name);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }

            var level = logLevel switch
            {
                HangfireLevel.Trace => MicrosoftLevel.Trace,
                HangfireLevel.Debug => MicrosoftLevel.Debug,
                HangfireLevel.Info => MicrosoftLevel.Information,
                HangfireLevel.Warn => MicrosoftLevel.Warning,
                HangfireLevel.Error => MicrosoftLevel.Error,
                _ => MicrosoftLevel.Critical,
            };

            // Called without a message to ask whether the level is on.
            if (messageFunc is null)
            {
                return logger.IsEnabled(level);
            }

            if (logger.IsEnabled(level))
            {
                logger.Log(level, 0, messageFunc(), exception, static (message, _) => message);
            }

            return true;
        }
    }
}
