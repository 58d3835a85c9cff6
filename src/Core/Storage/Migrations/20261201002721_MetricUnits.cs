using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MusicDashboard.Core.Storage.Migrations
{
    /// <inheritdoc />
    public partial class MetricUnits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Note",
                table: "MetricRows",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Unit",
                table: "MetricRows",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Units",
                table: "MetricRows",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Note",
                table: "MetricRows");

            migrationBuilder.DropColumn(
                name: "Unit",
                table: "MetricRows");

            migrationBuilder.DropColumn(
                name: "Units",
                table: "MetricRows");
        }
    }
}
