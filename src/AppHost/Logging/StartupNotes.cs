using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmAspire.AppHost.Logging;

/// <summary>
/// Decisions made while the model is built (mode, providers left out), written to the AppHost's log when it starts:
/// no logger exists before the app is built.
/// </summary>
internal sealed class StartupNotes
{
    private readonly List<Action<ILogger>> _notes = [];

    private StartupNotes()
    {
    }

    /// <summary>The notes of this builder, created and hooked to <see cref="BeforeStartEvent"/> on first use.</summary>
    public static StartupNotes For(IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var existing = builder.Services.FirstOrDefault(d => d.ServiceType == typeof(StartupNotes));
        if (existing?.ImplementationInstance is StartupNotes notes)
        {
            return notes;
        }

        notes = new StartupNotes();
        builder.Services.AddSingleton(notes);
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LlmAspire.AppHost");
            notes.WriteTo(logger);
            return Task.CompletedTask;
        });
        return notes;
    }

    public void Add(Action<ILogger> note) => _notes.Add(note);

    public void WriteTo(ILogger logger)
    {
        foreach (var note in _notes)
        {
            note(logger);
        }
    }
}
