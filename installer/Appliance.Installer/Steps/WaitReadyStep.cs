namespace Appliance.Installer.Steps;

/// <summary>Waits, on the target itself, until the registry answers /health/ready over HTTPS.</summary>
public sealed class WaitReadyStep(int port) : IStep
{
    private const int WaitSeconds = 60;

    public string Title => "Wait until the registry is ready";

    public bool ChangesTarget => false;

    public Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult(false);

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        // -k: the point is readiness, and the CA may not be trusted on the target; clients check the certificate.
        var probe = await context.Target.RunAsync(
            $"for i in $(seq 1 {WaitSeconds}); do curl -fsSk --max-time 5 https://127.0.0.1:{port}/health/ready && exit 0; sleep 1; done; exit 1",
            cancellationToken: cancellationToken);
        if (!probe.Succeeded) throw new InstallerException($"https://127.0.0.1:{port}/health/ready did not answer within {WaitSeconds} s");
        context.Reporter.Ok(probe.StandardOutput.Trim());
    }

    public Task UndoAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
