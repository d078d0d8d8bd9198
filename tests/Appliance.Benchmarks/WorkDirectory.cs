namespace Appliance.Benchmarks;

/// <summary>Removes a run's work directory: hundreds of thousands of small files, a few unlinks at a time.</summary>
public static class WorkDirectory
{
    public static void Delete(string directory)
    {
        // An unlink mostly waits on the filesystem's journal, so a few in parallel finish sooner than one after another.
        Parallel.ForEach(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories),
            new ParallelOptions { MaxDegreeOfParallelism = 4 }, File.Delete);
        Directory.Delete(directory, recursive: true);
    }
}
