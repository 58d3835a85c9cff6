using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MusicDashboard.Core.Storage.Migrations
{
    /// <inheritdoc />
    public partial class StudiesAndRunLogs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "StudyId",
                table: "Runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RunLogs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<int>(type: "INTEGER", nullable: false),
                    Seq = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunLogs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RunLogs_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Studies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Dataset = table.Column<string>(type: "TEXT", nullable: false),
                    DatasetRoot = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    Seeds = table.Column<string>(type: "TEXT", nullable: false),
                    Presets = table.Column<string>(type: "TEXT", nullable: false),
                    Epochs = table.Column<int>(type: "INTEGER", nullable: true),
                    Quick = table.Column<bool>(type: "INTEGER", nullable: false),
                    Table2Json = table.Column<string>(type: "TEXT", nullable: true),
                    OutFolder = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Studies", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_StudyId",
                table: "Runs",
                column: "StudyId");

            migrationBuilder.CreateIndex(
                name: "IX_RunLogs_RunId_Seq",
                table: "RunLogs",
                columns: new[] { "RunId", "Seq" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Runs_Studies_StudyId",
                table: "Runs",
                column: "StudyId",
                principalTable: "Studies",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Runs_Studies_StudyId",
                table: "Runs");

            migrationBuilder.DropTable(
                name: "RunLogs");

            migrationBuilder.DropTable(
                name: "Studies");

            migrationBuilder.DropIndex(
                name: "IX_Runs_StudyId",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "StudyId",
                table: "Runs");
        }
    }
}
