using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace MusicDashboard.Core.Runtime;

/// <summary>
/// A throwaway Redis (the tests' and <c>bench scaleout</c>'s) from Debian's <c>redis-server</c>: 127.0.0.1 at a free port, nothing saved (no RDB, no AOF), its
/// working folder a fresh temporary one. Started and answering PING when built; stopped and the folder deleted on dispose.
/// </summary>
public sealed class LocalRedis : IDisposable
{
    public const string MissingBinary = "redis-server is not installed: run ./test.sh, which installs Debian's redis-server package";

    private readonly string _folder;
    private readonly Process _process;

    public int Port { get; }
    /// <summary>What StackExchange.Redis and the SignalR backplane take: "127.0.0.1:port".</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public LocalRedis()
    {
        var binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(MissingBinary);
        _folder = Directory.CreateTempSubdirectory("musicdash-redis-").FullName;
        Port = LoopbackPort.Free();
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        foreach (var a in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _folder, "--daemonize", "no" })
            start.ArgumentList.Add(a);
        _process = Process.Start(start)!;
        var output = new StringBuilder();
        _process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (Ping() != "+PONG")
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                Dispose();
                lock (output) throw new InvalidOperationException($"the throwaway redis-server did not answer PING on port {Port}: {output}");
            }
            Thread.Sleep(50);
        }
    }

    /// <summary>Sends PING in Redis's inline protocol and returns the reply line ("+PONG"), or null when nothing answers.</summary>
    public string? Ping()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            using var stream = client.GetStream();
            stream.ReadTimeout = 5000;
            stream.Write("PING\r\n"u8);
            var buffer = new byte[64];
            var n = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, n).TrimEnd('\r', '\n');
        }
        catch (SocketException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
