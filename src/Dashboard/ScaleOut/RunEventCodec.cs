using System.Text.Json;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.ScaleOut;

/// <summary>A run event on the Redis event stream: <c>{"type": "...", "event": {...}}</c>, the event as the hub sends it
/// (web JSON). The sequence number travels beside it (<see cref="RunEventRelay"/> assigns it in Redis).</summary>
public static class RunEventCodec
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Dictionary<string, Type> Types = new[]
    {
        typeof(EpochCompletedEvent), typeof(ProjectionUpdatedEvent), typeof(MetricsComputedEvent),
        typeof(RunStateChangedEvent), typeof(LogLineEvent), typeof(ProgressEvent),
    }.ToDictionary(t => t.Name);

    public static string Encode(RunEvent e)
    {
        if (!Types.ContainsKey(e.GetType().Name)) throw new ArgumentException($"{e.GetType().Name} is not a run event the stream carries");
        return JsonSerializer.Serialize(new Envelope(e.GetType().Name, JsonSerializer.SerializeToElement(e, e.GetType(), Json)), Json);
    }

    /// <summary>The event with its sequence number, or null (with the reason) for a message this version does not know.</summary>
    public static RunEvent? Decode(string json, long seq, out string? problem)
    {
        problem = null;
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(json, Json);
            if (envelope is null || !Types.TryGetValue(envelope.Type, out var type))
            {
                problem = $"unknown event type '{envelope?.Type}'";
                return null;
            }
            return (envelope.Event.Deserialize(type, Json) as RunEvent)! with { Seq = seq };
        }
        catch (JsonException e)
        {
            problem = $"unreadable event ({e.Message})";
            return null;
        }
    }

    private sealed record Envelope(string Type, JsonElement Event);
}
