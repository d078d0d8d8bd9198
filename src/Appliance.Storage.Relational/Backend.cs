using System.Data.Common;
using Appliance.Core.Storage;

namespace Appliance.Storage.Relational;

/// <summary>Where the registry must learn that the database cannot be used, its driver's failure becomes the one storage failure.</summary>
public static class Backend
{
    /// <summary>Runs <paramref name="work"/>; a failure of the database (any driver's <see cref="DbException"/>) becomes a <see cref="StorageUnavailableException"/> for <paramref name="setting"/>.</summary>
    public static async Task ReachAsync(string setting, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (DbException e)
        {
            throw new StorageUnavailableException(setting, e.Message, e);
        }
    }
}
