namespace MusicDashboard.Core.Tests.Runtime;

using MusicDashboard.Core.Runtime;

/// <summary>The throwaway Redis the scale-out tests and bench use (<see cref="LocalRedis"/>) starts, answers and goes away.</summary>
public sealed class LocalRedisTests
{
    [Fact]
    public void StartsOnLoopbackAnswersPingAndIsGoneAfterDispose()
    {
        int port;
        using (var redis = new LocalRedis())
        {
            port = redis.Port;
            Assert.Equal($"127.0.0.1:{port}", redis.Configuration);
            Assert.Equal("+PONG", redis.Ping());
        }
        using var probe = new System.Net.Sockets.TcpClient();
        Assert.Throws<System.Net.Sockets.SocketException>(() => probe.Connect("127.0.0.1", port));
    }
}
