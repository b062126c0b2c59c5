//! Zed starts language servers only through extensions: this one runs
//! `dockwarden lsp` for Dockerfile, Docker Compose and YAML buffers.
use zed_extension_api::{self as zed, serde_json, settings::LspSettings, LanguageServerId, Result};

struct Dockwarden;

impl zed::Extension for Dockwarden {
    fn new() -> Self {
        Dockwarden
    }

    // The binary is `lsp.dockwarden.binary.path` from the settings when set,
    // else `dockwarden` on the PATH of the worktree's shell.
    fn language_server_command(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree("dockwarden", worktree)
            .ok()
            .and_then(|s| s.binary);
        let command = binary
            .as_ref()
            .and_then(|b| b.path.clone())
            .or_else(|| worktree.which("dockwarden"))
            .ok_or_else(|| {
                "dockwarden is not on PATH: install it or set lsp.dockwarden.binary.path".to_string()
            })?;
        let args = binary
            .and_then(|b| b.arguments)
            .unwrap_or_else(|| vec!["lsp".to_string()]);
        Ok(zed::Command {
            command,
            args,
            env: Default::default(),
        })
    }

    // Answers workspace/configuration with `lsp.dockwarden.settings`.
    fn language_server_workspace_configuration(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        let settings = LspSettings::for_worktree("dockwarden", worktree)
            .ok()
            .and_then(|s| s.settings)
            .unwrap_or_default();
        Ok(Some(serde_json::json!({ "dockwarden": settings })))
    }
}

zed::register_extension!(Dockwarden);
