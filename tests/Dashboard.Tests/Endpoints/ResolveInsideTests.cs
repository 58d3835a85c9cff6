using MusicDashboard.Dashboard.Endpoints;

namespace MusicDashboard.Dashboard.Tests.Endpoints;

/// <summary>The audio endpoint's one guard: a path is served only when it really lies inside an allowed root.</summary>
public sealed class ResolveInsideTests : IDisposable
{
    private readonly string _base = Directory.CreateTempSubdirectory("musicdash-resolve-").FullName;
    private readonly string _root;
    private readonly string _sibling;
    private readonly string _outside;

    public ResolveInsideTests()
    {
        _root = Path.Combine(_base, "demo-corpus");
        _sibling = Path.Combine(_base, "demo-corpus2"); // same prefix as the root: a naive StartsWith would let it through
        _outside = Path.Combine(_base, "elsewhere");
        Directory.CreateDirectory(Path.Combine(_root, "genres", "jazz"));
        Directory.CreateDirectory(_sibling);
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_root, "genres", "jazz", "jazz.00000.wav"), "RIFF");
        File.WriteAllText(Path.Combine(_sibling, "secret.wav"), "RIFF");
        File.WriteAllText(Path.Combine(_outside, "secret.wav"), "RIFF");
    }

    private string[] Allowed => [_root];

    [Fact]
    public void AFileInsideTheRootResolvesToItsFullPath() =>
        Assert.Equal(Path.Combine(_root, "genres", "jazz", "jazz.00000.wav"), AudioEndpoints.ResolveInside(Allowed, _root, "genres/jazz/jazz.00000.wav"));

    [Fact]
    public void TheAllowedRootMayBeWrittenWithATrailingSlash() =>
        Assert.NotNull(AudioEndpoints.ResolveInside([_root + "/"], _root, "genres/jazz/jazz.00000.wav"));

    [Theory]
    [InlineData("../elsewhere/secret.wav")]
    [InlineData("genres/../../elsewhere/secret.wav")]
    [InlineData("../../../../../../etc/passwd")]
    [InlineData("../demo-corpus2/secret.wav")] // the sibling with the same prefix
    [InlineData("..")]
    [InlineData("")]
    public void TraversalOutOfTheRootIsRefused(string relative) =>
        Assert.Null(AudioEndpoints.ResolveInside(Allowed, _root, relative));

    [Fact]
    public void AnAbsoluteRelativePathIsRefused() =>
        Assert.Null(AudioEndpoints.ResolveInside(Allowed, _root, Path.Combine(_outside, "secret.wav")));

    [Fact]
    public void AStoredRootThatIsNotAnAllowedRootIsRefused()
    {
        Assert.Null(AudioEndpoints.ResolveInside(Allowed, _sibling, "secret.wav"));
        Assert.Null(AudioEndpoints.ResolveInside(Allowed, _outside, "secret.wav"));
        // A database row naming a folder above the root cannot widen what is served either.
        Assert.Null(AudioEndpoints.ResolveInside(Allowed, _base, "elsewhere/secret.wav"));
    }

    [Fact]
    public void ASymbolicLinkInsideTheRootThatPointsOutsideIsRefused()
    {
        var link = Path.Combine(_root, "genres", "jazz", "link.wav");
        File.CreateSymbolicLink(link, Path.Combine(_outside, "secret.wav"));
        Assert.Null(AudioEndpoints.ResolveInside(Allowed, _root, "genres/jazz/link.wav"));
    }

    [Fact]
    public void ASymbolicLinkInsideTheRootThatStaysInsideIsServed()
    {
        var link = Path.Combine(_root, "genres", "jazz", "alias.wav");
        File.CreateSymbolicLink(link, Path.Combine(_root, "genres", "jazz", "jazz.00000.wav"));
        Assert.NotNull(AudioEndpoints.ResolveInside(Allowed, _root, "genres/jazz/alias.wav"));
    }

    [Fact]
    public void ALinkedFolderInsideTheRootThatPointsOutsideIsRefused()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "genres", "escape"), _outside);
        Assert.Null(AudioEndpoints.ResolveInside(Allowed, _root, "genres/escape/secret.wav"));
    }

    public void Dispose()
    {
        try { Directory.Delete(_base, recursive: true); }
        catch (IOException) { }
    }
}
