// Package rules holds dockwarden's rules, one file per rule, and All, the
// one explicit registry the server and the command line run.
package rules

import "github.com/dockwarden/dockwarden/analysis"

// All is every rule dockwarden knows, in code order.
var All = analysis.NewRegistry(
	DockerfileSyntax,
	ComposeSyntax,
	ComposeSchema,
	UnusedSuppression,
	InvalidConfiguration, analysis.FileTooLarge, analysis.NotText,
	MissingUser,
	RootUser, UnpinnedBaseImage, BaseImageDigest, AddInsteadOfCopy, AddRemoteUnpinned,
	SecretInArgOrEnv, HardcodedCredential, RemoteScriptPipedToShell, VerificationDisabled, SudoInRun,
	MissingHealthcheck, SensitivePort, SensitiveVolume, FullOSBase, SecretFilesCopied, CredentialsWithoutSecretMount,
	PlainHTTPDownload,
	RuntimeSocketMount, Privileged, CapDropAll, DangerousCapability, NoNewPrivileges,
	ConfinementDisabled, WritableRootFilesystem, HostNetwork, HostNamespace, HostDevice,
	SensitiveBindMount,
	WritableBindMount,
	ImageNotPinned, ComposeRootUser, LiteralComposeSecret, NoResourceLimits, PortAllInterfaces,
	DefaultBridge, HealthcheckDisabled, DockerTCPWithoutTLS, SharedPropagation, LoggingDisabled,
	ImageNotDigestPinned, AuthenticationDisabled,
)
