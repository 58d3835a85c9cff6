namespace MusicDashboard.Dashboard.Model;

/// <summary>One trace of the map (a cluster or a genre) as the browser script draws it: columns, not objects, so 10 000
/// points go over the circuit as a few arrays.</summary>
public sealed record MapGroup(string Name, string Colour, double[] X, double[] Y, int[] Ids, string[] Text);
