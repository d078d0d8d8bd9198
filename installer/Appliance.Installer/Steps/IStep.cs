namespace Appliance.Installer.Steps;

/// <summary>
/// One idempotent piece of an install, upgrade or uninstall. The runner skips a step whose check says it is
/// already done, and undoes only what it applied itself, in reverse order, when a later step fails.
/// </summary>
public interface IStep
{
    string Title { get; }

    /// <summary>False for checks and waits, which have nothing to roll back.</summary>
    bool ChangesTarget => true;

    /// <summary>True when the target already is in the state this step produces.</summary>
    Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken);

    Task ApplyAsync(StepContext context, CancellationToken cancellationToken);

    /// <summary>Reverts <see cref="ApplyAsync"/>; called only after it succeeded in this run.</summary>
    Task UndoAsync(StepContext context, CancellationToken cancellationToken);
}
