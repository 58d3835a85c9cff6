namespace MusicDashboard.Core.Tests.Storage;

/// <summary>The throwaway Redis the scale-out tests use (tests/Shared/RedisServer.cs) starts, answers and goes away.</summary>
public sealed class RedisServerTests
{
    [Fact]
    public void StartsOnLoopbackAnswersPingAndIsGoneAfterDispose()
    {
        int port;
        using (var redis = new RedisServer())
        {
            port = redis.Port;
            Assert.Equal($"127.0.0.1:{port}", redis.Configuration);
            Assert.Equal("+PONG", redis.Ping());
        }
        using var probe = new System.Net.Sockets.TcpClient();
        Assert.Throws<System.Net.Sockets.SocketException>(() => probe.Connect("127.0.0.1", port));
    }
}
