# Homebrew formula for dockwarden, installing the release archive of the
# machine's platform. `make packaging` (run by the release workflow after
# `make dist`) writes the version and the archives' checksums from
# dist/SHA256SUMS; the formula then goes to the tap (see README, Install).
class Dockwarden < Formula
  desc "Finds and fixes container-security mistakes in Dockerfiles and Compose files"
  homepage "https://github.com/dockwarden/dockwarden"
  version "0.1.0"
  license "Apache-2.0"

  on_macos do
    on_arm do
      url "https://github.com/dockwarden/dockwarden/releases/download/v#{version}/dockwarden_#{version}_darwin_arm64.tar.gz"
      sha256 "0000000000000000000000000000000000000000000000000000000000000000"
    end
    on_intel do
      url "https://github.com/dockwarden/dockwarden/releases/download/v#{version}/dockwarden_#{version}_darwin_amd64.tar.gz"
      sha256 "0000000000000000000000000000000000000000000000000000000000000000"
    end
  end

  on_linux do
    on_arm do
      url "https://github.com/dockwarden/dockwarden/releases/download/v#{version}/dockwarden_#{version}_linux_arm64.tar.gz"
      sha256 "0000000000000000000000000000000000000000000000000000000000000000"
    end
    on_intel do
      url "https://github.com/dockwarden/dockwarden/releases/download/v#{version}/dockwarden_#{version}_linux_amd64.tar.gz"
      sha256 "0000000000000000000000000000000000000000000000000000000000000000"
    end
  end

  def install
    bin.install "dockwarden"
  end

  test do
    assert_equal "dockwarden #{version}", shell_output("#{bin}/dockwarden version").strip
    (testpath/"Dockerfile").write "FROM alpine:3.20\nCMD [\"sh\"]\n"
    assert_match "DW101", shell_output("#{bin}/dockwarden check #{testpath}/Dockerfile", 1)
  end
end
