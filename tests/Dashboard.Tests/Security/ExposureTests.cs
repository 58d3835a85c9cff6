using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Dashboard.Security;

namespace MusicDashboard.Dashboard.Tests.Security;

/// <summary>Beyond localhost only with authentication: the addresses that reach other machines, the refusal to start
/// (in words, from the real executable), the checks of the authentication settings, and the password hash.</summary>
public sealed class ExposureTests
{
    [Theory]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://LOCALHOST:5000", true)]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://127.0.0.2:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("https://localhost", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://+:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://192.168.1.20:5000", false)]
    [InlineData("http://music.example.org", false)]
    [InlineData("http://localhost.example.org:5000", false)]
    public void LoopbackAddressesAreTold(string url, bool loopback) => Assert.Equal(loopback, BindAddresses.IsLoopback(url));

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void AnExposedAddressWithoutAuthenticationIsRefusedAndSaysHowToConfigureIt()
    {
        var none = new AuthenticationSettings();
        Assert.Null(BindAddresses.StartProblem(Config(("urls", "http://localhost:5000")), none));
        Assert.Null(BindAddresses.StartProblem(Config(), none));
        var problem = BindAddresses.StartProblem(Config(("urls", "http://localhost:5000;http://0.0.0.0:5001")), none);
        Assert.NotNull(problem);
        Assert.Contains("http://0.0.0.0:5001", problem);
        Assert.DoesNotContain("localhost:5000,", problem);
        Assert.Contains("musicdash hash-password", problem);
        Assert.Contains("MusicDashboard:Authentication:ApiKey", problem);
        // Kestrel's own endpoint settings count too.
        Assert.NotNull(BindAddresses.StartProblem(Config(("Kestrel:Endpoints:Http:Url", "http://*:8080")), none));

        var withKey = new AuthenticationSettings { ApiKey = "0123456789abcdef-key" };
        Assert.Null(BindAddresses.StartProblem(Config(("urls", "http://0.0.0.0:5001")), withKey));
        var withAccount = new AuthenticationSettings { UserName = "me", PasswordHash = AccountPasswords.Hash("a long enough password") };
        Assert.Null(BindAddresses.StartProblem(Config(("urls", "http://+:5001")), withAccount));
    }

    [Fact]
    public void AuthenticationSettingsThatCannotWorkAreRefusedAtStart()
    {
        var local = Config(("urls", "http://localhost:5000"));
        Assert.Contains("not a password hash", BindAddresses.StartProblem(local, new AuthenticationSettings { UserName = "me", PasswordHash = "hunter2hunter2" }));
        Assert.Contains("needs both UserName and PasswordHash", BindAddresses.StartProblem(local, new AuthenticationSettings { UserName = "me" }));
        Assert.Contains("too short", BindAddresses.StartProblem(local, new AuthenticationSettings { ApiKey = "short" }));
    }

    [Fact]
    public void APasswordHashVerifiesItsPasswordOnly()
    {
        var hash = AccountPasswords.Hash("correct horse battery staple");
        Assert.True(AccountPasswords.IsHash(hash));
        Assert.DoesNotContain("correct horse", hash);
        Assert.True(AccountPasswords.Verify(hash, "correct horse battery staple"));
        Assert.False(AccountPasswords.Verify(hash, "correct horse battery stapler"));
        Assert.False(AccountPasswords.Verify(hash, ""));
        Assert.False(AccountPasswords.Verify("not a hash", "correct horse battery staple"));
        // A fresh salt each time: the same password never gives the same hash.
        Assert.NotEqual(hash, AccountPasswords.Hash("correct horse battery staple"));
    }

    [Fact]
    public async Task TheExecutableRefusesToListenOnEveryAddressWithoutAuthenticationInWords()
    {
        var folder = Directory.CreateTempSubdirectory("musicdash-exposed-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "appsettings.json"), JsonSerializer.Serialize(new
            {
                MusicDashboard = new { DataFolder = Path.Combine(folder, "data"), Database = Path.Combine(folder, "data", "db.sqlite") },
            }));
            var (code, output, error) = await RunAsync(folder, null, "--urls", "http://0.0.0.0:5999");
            Assert.Equal(1, code);
            Assert.Contains("not starting", error);
            Assert.Contains("http://0.0.0.0:5999", error);
            Assert.Contains("no authentication is configured", error);
            Assert.DoesNotContain("   at ", error + output);
            Assert.DoesNotContain("Exception", error + output);
            // Nothing was created: the refusal comes before the database and the demo corpus.
            Assert.False(Directory.Exists(Path.Combine(folder, "data")));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task HashPasswordPrintsAHashOfThePasswordReadFromStandardInput()
    {
        var folder = Directory.CreateTempSubdirectory("musicdash-hash-").FullName;
        try
        {
            var (code, output, _) = await RunAsync(folder, "a password of mine\n", "hash-password", "--stdin");
            Assert.Equal(0, code);
            var hash = output.Trim();
            Assert.True(AccountPasswords.Verify(hash, "a password of mine"), hash);
            var (shortCode, _, shortError) = await RunAsync(folder, "short\n", "hash-password", "--stdin");
            Assert.Equal(2, shortCode);
            Assert.Contains("at least", shortError);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string configFolder, string? input, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = configFolder,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "musicdash.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["MUSICDASH_CONFIG_DIR"] = configFolder;
        start.Environment.Remove("ASPNETCORE_URLS");
        using var process = Process.Start(start)!;
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }
}
