using Amazon.Runtime;

namespace Appliance.Storage.S3;

/// <summary>
/// The key pair for the object store, from <c>storage.s3.credentialsFile</c> (the AWS credentials-file format: the
/// <c>[default]</c> profile or keys outside any profile) or from <c>AWS_ACCESS_KEY_ID</c> and <c>AWS_SECRET_ACCESS_KEY</c>.
/// Errors name the file or variable, never the secret.
/// </summary>
public static class S3Credentials
{
    public const string AccessKeyVariable = "AWS_ACCESS_KEY_ID";
    public const string SecretKeyVariable = "AWS_SECRET_ACCESS_KEY";

    /// <summary>The setting or variables the credentials came from, for error messages.</summary>
    public static string SourceOf(S3StorageOptions options) =>
        options.CredentialsFile is { Length: > 0 } ? "storage.s3.credentialsFile" : $"{AccessKeyVariable}/{SecretKeyVariable}";

    public static AWSCredentials Load(S3StorageOptions options) =>
        options.CredentialsFile is { Length: > 0 } file ? FromFile(file) : FromEnvironment();

    private static BasicAWSCredentials FromFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"storage.s3.credentialsFile: {path} does not exist", path);
        var keys = ReadDefaultProfile(File.ReadAllLines(path));
        var accessKey = keys.GetValueOrDefault("aws_access_key_id");
        var secretKey = keys.GetValueOrDefault("aws_secret_access_key");
        if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
        {
            throw new InvalidDataException($"storage.s3.credentialsFile: {path} needs aws_access_key_id and aws_secret_access_key (in [default] or outside any profile)");
        }
        return new BasicAWSCredentials(accessKey, secretKey);
    }

    private static Dictionary<string, string> ReadDefaultProfile(IEnumerable<string> lines)
    {
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var inDefault = true;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[')
            {
                inDefault = line.Equals("[default]", StringComparison.OrdinalIgnoreCase);
                continue;
            }
            var equals = line.IndexOf('=');
            if (inDefault && equals > 0) keys[line[..equals].Trim()] = line[(equals + 1)..].Trim();
        }
        return keys;
    }

    private static BasicAWSCredentials FromEnvironment()
    {
        var accessKey = Environment.GetEnvironmentVariable(AccessKeyVariable);
        var secretKey = Environment.GetEnvironmentVariable(SecretKeyVariable);
        if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
        {
            throw new InvalidDataException(
                $"storage.s3.credentialsFile: not set, and {AccessKeyVariable}/{SecretKeyVariable} are not in the environment: the S3 blob store needs a key pair");
        }
        return new BasicAWSCredentials(accessKey, secretKey);
    }
}
